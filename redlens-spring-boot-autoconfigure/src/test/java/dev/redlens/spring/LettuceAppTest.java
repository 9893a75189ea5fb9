package dev.redlens.spring;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A Boot application on Lettuce (Boot's default client) with nothing but the starter. */
@SpringBootTest(classes = RedisAppTestSupport.App.class)
class LettuceAppTest extends RedisAppTestSupport {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    redisProperties(registry, "lettuce");
  }
}
