import { api, errorMessage } from './api';
import { useStore } from './store';
import { routeFromMain } from './navigation';

/** The renderer's side effects in one place: load the snapshot, then follow main's pushes. */
export function startSubscriptions(): () => void {
  const store = useStore.getState();
  const offState = api.on('state', (patch) => useStore.getState().applyPatch(patch));
  const offNavigate = api.on('navigate', ({ view, id }) => {
    const route = routeFromMain(view, id);
    if (route) useStore.getState().navigate(route);
  });
  api
    .getState()
    .then(store.hydrate)
    .catch((error: unknown) => store.setLoadError(errorMessage(error)));
  return () => {
    offState();
    offNavigate();
  };
}
