package dev.redlens.spring;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Boot's Jedis factory on a Redis Cluster, instrumented by the starter alone. */
@SpringBootTest(classes = RedisAppTestSupport.App.class)
class JedisClusterAppTest extends ClusterAppTestSupport {

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    clusterProperties(registry, "jedis");
  }
}
