import { Mail24Regular, Settings24Regular } from '@fluentui/react-icons';
import { OutboxScreen } from '../screens/outbox/OutboxScreen.js';
import { SettingsScreen } from '../screens/settings/SettingsScreen.js';
import type { WorkstationScreen } from './desk-registry.js';

/** The workstation's own screens, under "Workstation" in the navigation for every signed-in user. */
export const WORKSTATION_SCREENS: readonly WorkstationScreen[] = [
  {
    route: 'outbox',
    label: 'Outbox',
    icon: Mail24Regular,
    component: OutboxScreen,
    needs: ['outbox'],
    badge: { count: (status) => status?.outbox.conflicts ?? 0, label: (count) => `${count} conflicts` },
  },
  { route: 'settings', label: 'Settings', icon: Settings24Regular, component: SettingsScreen, keepsScans: true, home: true },
];
