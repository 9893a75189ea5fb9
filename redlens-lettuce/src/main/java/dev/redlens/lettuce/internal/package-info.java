/** Internals of the Lettuce integration: the command listener and adapters. Not a public API. */
package dev.redlens.lettuce.internal;
