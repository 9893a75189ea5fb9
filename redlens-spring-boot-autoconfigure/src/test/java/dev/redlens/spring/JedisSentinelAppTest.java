package dev.redlens.spring;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Boot's Jedis factory behind Sentinel, instrumented by the starter alone. */
@SpringBootTest(classes = RedisAppTestSupport.App.class)
class JedisSentinelAppTest extends SentinelAppTestSupport {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    sentinelProperties(registry, "jedis");
  }

  @Test
  @Override
  void commandsNameTheNewMasterAfterFailover() {
    super.commandsNameTheNewMasterAfterFailover();
  }
}
