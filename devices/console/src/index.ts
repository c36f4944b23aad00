export { DIST_DIR, ensureBuilt, isBuilt } from "./build.js";
