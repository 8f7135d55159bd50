import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { PartBoundary } from './lib/PartBoundary.tsx';
import { refuseStrayFileDrops } from './lib/fileTransfer.ts';
import './styles/index.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// A file dropped beside the composer (or with none open) must not replace the app with it.
refuseStrayFileDrops(window);

createRoot(root).render(
  <StrictMode>
    {/* The last resort: a failure no part kept to itself says so instead of a blank page. */}
    <PartBoundary what="Tidings">
      <App />
    </PartBoundary>
  </StrictMode>,
);
