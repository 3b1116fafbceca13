import { Beaker24Regular } from '@fluentui/react-icons';
import type { DeskScreen } from '../../app/desk-module.js';
import { ResultScreen } from './ResultScreen.js';

/** The result side's screens: the entry grid of one request, opened from the worklist (`#/lab-results/<requestId>`). */
export const resultScreens: readonly DeskScreen[] = [
  { route: 'lab-results', label: 'Results', icon: Beaker24Regular, component: ResultScreen, within: 'lab' },
];
