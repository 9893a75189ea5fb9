/**
 * How Redlens instruments Jedis: a {@link redis.clients.jedis.Connection} subclass ({@link
 * dev.redlens.jedis.internal.TracedConnection}) that starts an operation when a command is written
 * and ends the oldest pending one when a reply is read, the connection providers that hand such
 * connections to Jedis's clients, and the adapters of Jedis's arguments. Not a public API.
 */
package dev.redlens.jedis.internal;
