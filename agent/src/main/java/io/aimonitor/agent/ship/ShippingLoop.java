package io.aimonitor.agent.ship;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships buffered collections oldest first, one at a time; a failure waits 1 s, doubling to a minute
 * (or what Retry-After asks), and tries the same collection again. Logs once when the backend
 * becomes unreachable and once when it is back.
 */
public final class ShippingLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ShippingLoop.class);
    private static final long MAX_BACKOFF_MS = 60_000;

    private final DiskBuffer buffer;
    private final Shipper shipper;
    private final Object wake = new Object();
    private volatile boolean running = true;
    private long backoffMs = 0;

    public ShippingLoop(DiskBuffer buffer, Shipper shipper) {
        this.buffer = buffer;
        this.shipper = shipper;
    }

    /** Something new is buffered. */
    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    public void stop() {
        running = false;
        wake();
    }

    @Override
    public void run() {
        while (running) {
            Optional<Path> next = buffer.oldest();
            if (next.isEmpty()) {
                sleep(1000);
                continue;
            }
            long wait = shipOne(next.get());
            if (wait > 0) {
                backOff(wait);
            }
        }
    }

    /** Ships one buffered collection; returns how long to wait before the next try. */
    public long shipOne(Path file) {
        try {
            shipper.ship(Files.readAllBytes(file));
            buffer.remove(file);
            if (backoffMs > 0) {
                LOG.info("shipping works again");
            }
            backoffMs = 0;
            return 0;
        } catch (NoSuchFileException dropped) {
            return 0; // dropped for space meanwhile
        } catch (Shipper.Rejected e) {
            LOG.error("the backend refused a collection, dropping it: {}", e.getMessage());
            try {
                buffer.remove(file);
            } catch (IOException ignored) {
                // tried again next round
            }
            return 0;
        } catch (IOException e) {
            if (backoffMs == 0) {
                LOG.warn("shipping failed, buffering on disk and retrying: {}", e.getMessage());
            }
            backoffMs = backoffMs == 0 ? 1000 : Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            long asked = e instanceof Shipper.RetryLater r ? r.seconds() * 1000 : 0;
            return Math.max(backoffMs, asked);
        }
    }

    /** Waits out a backoff; only stopping ends it early (new collections do not). */
    private void backOff(long ms) {
        long deadline = System.currentTimeMillis() + ms;
        for (long left = ms; running && left > 0; left = deadline - System.currentTimeMillis()) {
            sleep(left);
        }
    }

    private void sleep(long ms) {
        synchronized (wake) {
            try {
                wake.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
