import { Beaker24Regular, BoxArrowLeft24Regular, Drop24Regular, PersonAdd24Regular } from '@fluentui/react-icons';
import { LAB_DESK_ROLES } from '@hms/core';
import { defineDesk } from '../../app/desk-module.js';
import { CollectScreen } from './CollectScreen.js';
import { LAB_MODEL, LabModel } from './lab-model.js';
import { labOfflineWrites } from './offline-writes.js';
import { ReceiveScreen } from './ReceiveScreen.js';
import { resultScreens } from './result-screens.js';
import { WalkInScreen } from './WalkInScreen.js';
import { WorklistScreen } from './WorklistScreen.js';

/**
 * The lab desk's renderer part: the worklist per section, collection with its specimen labels,
 * receipt and rejection, walk-ins (the specimen side), and the result screens. Its host part is
 * src/host/lab/; both are registered under the id 'lab'.
 */
export const labDesk = defineDesk({
  id: 'lab',
  label: 'Laboratory',
  roles: LAB_DESK_ROLES,
  screens: [
    { route: 'lab', label: 'Lab worklist', icon: Beaker24Regular, component: WorklistScreen },
    { route: 'lab-collect', label: 'Collect', icon: Drop24Regular, component: CollectScreen, within: 'lab' },
    { route: 'lab-receive', label: 'Receive specimens', icon: BoxArrowLeft24Regular, component: ReceiveScreen },
    { route: 'lab-walk-in', label: 'Walk-in', icon: PersonAdd24Regular, component: WalkInScreen },
    ...resultScreens,
  ],
  model: { key: LAB_MODEL, create: (context) => new LabModel(context) },
  offlineWrites: labOfflineWrites,
});
