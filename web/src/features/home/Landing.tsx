import { Navigate } from 'react-router-dom';
import { useSession } from '../auth/api';
import { landingPath } from './api';

/** The app's root: unit staff land on their unit's home, the other roles on the units list. */
export function Landing() {
  const { user } = useSession();
  return <Navigate to={landingPath(user)} replace />;
}
