import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { createDeskRegistry } from './app/desks.js';
import { connectHost } from './bridges/connect-host.js';
import { WorkstationModel } from './state/workstation-model.js';

const model = new WorkstationModel(connectHost(), createDeskRegistry());
void model.start();
const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <App model={model} />
    </StrictMode>,
  );
}
