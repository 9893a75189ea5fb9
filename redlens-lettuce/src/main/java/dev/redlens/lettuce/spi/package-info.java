/**
 * What other Redlens modules (and other integrations built on Redlens) may use of the Lettuce
 * integration, kept small and stable: a command that carries its project ({@link ProjectTagged}),
 * the arguments of a Lettuce command as bytes ({@link LettuceCommandArgs}) and the output of a raw
 * command that takes any reply ({@link AnyReplyOutput}); whether client resources are observed is
 * {@code LettuceTelemetry.observes}. Everything else of the module is {@code dev.redlens.lettuce}
 * (the application API) or internal.
 */
package dev.redlens.lettuce.spi;
