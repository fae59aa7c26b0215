/**
 * What a check may do besides measuring: name its steps and attach evidence (plots, JSON). The
 * suite provides it from Playwright's TestInfo; checks themselves never import Playwright.
 */
export interface CheckContext {
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  attach(name: string, content: { body: Buffer | string; contentType: string }): Promise<void>;
}
