/**
 * Internals of project isolation: byte and glob helpers, the conservative Lua script inspector, the
 * command policy tables, and the client-neutral command runner of ACL provisioning and cleanup. Not
 * a public API.
 */
package dev.redlens.project.internal;
