import { afterEach } from 'vitest';
import { openAppServices, type AppServices } from '../../electron/app/app-services';

const opened: AppServices[] = [];

afterEach(async () => {
  for (const services of opened.splice(0)) await services.close();
});

/** The app's services on a workspace (engine, session, …), closed after the test. */
export async function startServices(root: string): Promise<AppServices> {
  const services = await openAppServices(root);
  opened.push(services);
  return services;
}
