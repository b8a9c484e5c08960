package com.connectorservice.sink.maxcompute;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a remote call, retrying failures with exponential back-off, then gives up with the last error. */
final class Retry {

    private static final Logger log = LoggerFactory.getLogger(Retry.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    interface Call {
        void run() throws Exception;
    }

    private final int maxRetries;
    private final long firstBackoffMs;

    Retry(int maxRetries, long firstBackoffMs) {
        this.maxRetries = maxRetries;
        this.firstBackoffMs = firstBackoffMs;
    }

    void run(String what, Call call) throws Exception {
        long backoff = firstBackoffMs;
        for (int attempt = 0; ; attempt++) {
            try {
                call.run();
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (attempt >= maxRetries) {
                    throw new Exception("Could not " + what + " after " + (attempt + 1) + " attempts: " + e, e);
                }
                log.warn("Attempt {} to {} failed, retrying in {} ms: {}", attempt + 1, what, backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }
}
