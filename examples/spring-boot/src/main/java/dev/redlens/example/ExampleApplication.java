package dev.redlens.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** Runs the example: {@code java -jar target/redlens-example-spring-boot.jar}. */
@SpringBootApplication
@EnableCaching
public class ExampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(ExampleApplication.class, args);
  }
}
