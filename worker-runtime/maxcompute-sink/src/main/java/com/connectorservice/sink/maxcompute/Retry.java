package com.connectorservice.sink.maxcompute;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyun.odps.OdpsException;
import com.connectorservice.sink.common.DestinationMetrics;

/**
 * Runs a remote call until it succeeds. While MaxCompute is unavailable (unreachable, 5xx, throttled) it keeps
 * trying with a bounded, jittered back-off and says so in the task's {@link DestinationMetrics}, so writing
 * resumes within {@link DestinationMetrics#MAX_BACKOFF_MS} of MaxCompute answering again; a call MaxCompute
 * refuses for another reason is retried {@code maxRetries} times, then fails with the last error.
 */
public final class Retry {

    private static final Logger log = LoggerFactory.getLogger(Retry.class);

    interface Call {
        void run() throws Exception;
    }

    private final int maxRetries;
    private final long firstBackoffMs;
    private final DestinationMetrics destination;
    private final BooleanSupplier closing;

    Retry(int maxRetries, long firstBackoffMs, DestinationMetrics destination, BooleanSupplier closing) {
        this.maxRetries = maxRetries;
        this.firstBackoffMs = firstBackoffMs;
        this.destination = destination;
        this.closing = closing;
    }

    void run(String what, Call call) throws Exception {
        attempt(what, () -> {
            call.run();
            return null;
        }, true);
    }

    /**
     * Runs a call whose refusal is final (a missing table, a permission): only while MaxCompute is unavailable is it
     * tried again, as {@link #run} does; any other error is thrown at once, unchanged. For what a task needs before
     * it can write at all, so a task started during an outage waits for MaxCompute instead of failing.
     */
    <T> T untilAvailable(String what, Callable<T> call) throws Exception {
        return attempt(what, call, false);
    }

    private <T> T attempt(String what, Callable<T> call, boolean retryRefusals) throws Exception {
        int refusals = 0;
        for (int attempt = 0; ; attempt++) {
            try {
                T result = call.call();
                destination.succeeded();
                return result;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                // MaxComputeTable vetoes the SDK's own back-off by interrupting the caller; clear it unless we close.
                Thread.interrupted();
                if (closing.getAsBoolean()) {
                    throw e;
                }
                boolean unavailable = unavailable(e);
                if (!unavailable && !retryRefusals) {
                    throw e;
                }
                if (!unavailable && refusals++ >= maxRetries) {
                    throw new Exception("Could not " + what + " after " + (attempt + 1) + " attempts: " + e, e);
                }
                destination.retrying(e);
                long wait = DestinationMetrics.backoffMs(firstBackoffMs, attempt);
                log.warn("Attempt {} to {} failed{}, retrying in {} ms: {}", attempt + 1, what,
                        unavailable ? " (MaxCompute unavailable)" : "", wait, e.toString());
                Thread.sleep(wait);
            }
        }
    }

    /** Errors that pass with time: the network, 5xx, throttling, timeouts. */
    public static boolean unavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OdpsException odps && odps.getStatus() != null) {
                int status = odps.getStatus();
                return status >= 500 || status == 429 || status == 408;
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
