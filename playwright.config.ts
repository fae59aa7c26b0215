// Started by `npx hil run`, which sets the devices, models and run folder; the projects are the devices.
import { hilPlaywrightConfig } from 'hil/suite/playwright-config';

export default hilPlaywrightConfig();
