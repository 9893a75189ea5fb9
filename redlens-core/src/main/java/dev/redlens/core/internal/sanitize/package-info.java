/**
 * The text of {@code db.query.text}: {@link dev.redlens.core.internal.sanitize.QuerySanitizer}
 * turns a command and its arguments into a bounded string, with values replaced by {@code ?} (by
 * default) and credentials ({@code AUTH}, {@code HELLO … AUTH}, {@code MIGRATE … AUTH/AUTH2},
 * {@code ACL SETUSER} password rules, {@code CONFIG SET requirepass|masterauth|…}, {@code SENTINEL
 * SET … auth-pass}) always masked. Internal: not part of Redlens' public API.
 */
package dev.redlens.core.internal.sanitize;
