/**
 * The SMS codec of motcua (issue 4). This file is the agreed API; the implementation lives in
 * the modules it re-exports.
 */
export * from "./api.js";
