/**
 * The Redlens service: the command line (RedlensService: serve, validate) and its lifecycle
 * (RedlensServer).
 */
package dev.redlens.service;
