package dev.redlens.example;

import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /books/{id}}: the cached title and a visit count kept in Redis. */
@RestController
public class ExampleController {

  private final BookService books;
  private final StringRedisTemplate redis;

  public ExampleController(BookService books, StringRedisTemplate redis) {
    this.books = books;
    this.redis = redis;
  }

  @GetMapping("/books/{id}")
  public Map<String, Object> book(@PathVariable String id) {
    Long visits = redis.opsForValue().increment("visits:book:" + id);
    String lastVisitor = redis.opsForValue().get("last-visitor:book:" + id);
    redis.opsForValue().set("last-visitor:book:" + id, "you");
    return Map.of(
        "id",
        id,
        "title",
        books.title(id),
        "visits",
        visits,
        "lastVisitor",
        lastVisitor == null ? "nobody" : lastVisitor);
  }
}
