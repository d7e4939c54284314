/**
 * The API's front door: the Express application (`createApp`) and the OpenAPI document it serves. The process itself
 * is `api/server.ts`. Nothing in the app imports the API; tests, scripts and the bench do, through this module or, for
 * a part's internals under test, directly.
 */
export { createApp, type AppDeps } from './app';
export { openApiDocument } from './openapi/registry';
