// Imported first by server.mjs: stdout is reserved for the single "ready" JSON
// line that parent processes parse, but oidc-provider prints notices with
// console.info. Route all console output to stderr before it loads.
const toStderr = (...args) => console.error(...args);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;

export function log(...args) {
  console.error(`[idp ${new Date().toISOString()}]`, ...args);
}
