import { DocumentBulletList24Regular, PlugConnected24Regular, Warning24Regular } from '@fluentui/react-icons';
import { INTERFACE_ADMIN_ROLES } from '@hms/core';
import type { AdminSection } from './admin-section.js';
import { InterfaceFormScreen } from './InterfaceFormScreen.js';
import { InterfacesScreen } from './InterfacesScreen.js';
import { MappingScreen } from './MappingScreen.js';
import { MessageScreen } from './MessageScreen.js';
import { MessagesScreen } from './MessagesScreen.js';

/** The lab instrument interfaces (issue 14): configuration, test-code mapping, the message log and its dead letters. */
export const interfacesSection: AdminSection = {
  id: 'interfaces',
  screens: [
    { route: 'admin-interfaces', label: 'Interfaces', icon: PlugConnected24Regular, component: InterfacesScreen, roles: INTERFACE_ADMIN_ROLES },
    { route: 'admin-interface-new', label: 'Add interface', icon: PlugConnected24Regular, component: InterfaceFormScreen, roles: INTERFACE_ADMIN_ROLES, within: 'admin-interfaces' },
    { route: 'admin-interface-edit', label: 'Edit interface', icon: PlugConnected24Regular, component: InterfaceFormScreen, roles: INTERFACE_ADMIN_ROLES, within: 'admin-interfaces' },
    { route: 'admin-mapping', label: 'Test codes', icon: PlugConnected24Regular, component: MappingScreen, roles: INTERFACE_ADMIN_ROLES, within: 'admin-interfaces' },
    { route: 'admin-messages', label: 'Message log', icon: DocumentBulletList24Regular, component: MessagesScreen, roles: INTERFACE_ADMIN_ROLES },
    { route: 'admin-message', label: 'Message', icon: DocumentBulletList24Regular, component: MessageScreen, roles: INTERFACE_ADMIN_ROLES, within: 'admin-messages' },
    { route: 'admin-attention', label: 'Needs attention', icon: Warning24Regular, component: MessagesScreen, roles: INTERFACE_ADMIN_ROLES },
  ],
};
