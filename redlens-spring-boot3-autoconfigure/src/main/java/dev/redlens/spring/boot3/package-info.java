/**
 * The Spring Boot 3 half of Redlens's auto-configuration: the few places where Boot 3 and Boot 4
 * name the same extension point differently (Boot 4 moved Redis to {@code spring-boot-data-redis},
 * caches to {@code spring-boot-cache}, health to {@code spring-boot-health}). This module is
 * compiled against Spring Boot 3.5, and each class here is switched on by a class condition on a
 * Boot 3 type that Boot 4 no longer has, so on Boot 4 none of it is loaded; the Boot 4 equivalents
 * sit beside the generation-neutral code in {@code dev.redlens.spring}.
 */
package dev.redlens.spring.boot3;
