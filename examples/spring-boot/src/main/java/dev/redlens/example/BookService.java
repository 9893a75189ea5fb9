package dev.redlens.example;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** A slow look-up worth caching: the first call per id computes, the next ones hit Redis. */
@Service
public class BookService {

  private final AtomicLong lookups = new AtomicLong();

  @Cacheable("books")
  public String title(String id) {
    lookups.incrementAndGet();
    return "The book #" + id;
  }

  /** How many look-ups the cache did not answer. */
  public long lookups() {
    return lookups.get();
  }
}
