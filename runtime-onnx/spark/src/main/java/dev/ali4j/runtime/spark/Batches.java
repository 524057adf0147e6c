package dev.ali4j.runtime.spark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * An iterator that maps its source a batch at a time: it takes up to {@code size} elements,
 * maps them in one call and hands out the results, then takes the next batch. Lazy, so a
 * partition streams through with one batch in memory.
 *
 * @param <I> source elements
 * @param <O> results, one per source element
 */
final class Batches<I, O> implements Iterator<O> {
    private final Iterator<I> source;
    private final int size;
    private final Function<List<I>, List<O>> map;
    private Iterator<O> current = Collections.emptyIterator();

    Batches(Iterator<I> source, int size, Function<List<I>, List<O>> map) {
        if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
        }
        this.source = source;
        this.size = size;
        this.map = map;
    }

    @Override
    public boolean hasNext() {
        if (!current.hasNext() && source.hasNext()) {
            List<I> batch = new ArrayList<>(size);
            while (batch.size() < size && source.hasNext()) {
                batch.add(source.next());
            }
            List<O> results = map.apply(batch);
            if (results.size() != batch.size()) {
                throw new IllegalStateException(results.size() + " results for a batch of " + batch.size());
            }
            current = results.iterator();
        }
        return current.hasNext();
    }

    @Override
    public O next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
