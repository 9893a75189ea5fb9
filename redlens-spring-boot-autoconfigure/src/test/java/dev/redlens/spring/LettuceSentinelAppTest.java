package dev.redlens.spring;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Boot's Lettuce factory behind Sentinel, instrumented by the starter alone. */
@SpringBootTest(classes = RedisAppTestSupport.App.class)
class LettuceSentinelAppTest extends SentinelAppTestSupport {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    sentinelProperties(registry, "lettuce");
  }
}
