package com.connectorservice.sink.maxcompute;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.aliyun.odps.tunnel.impl.UpsertSessionImpl;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.nio.NioEventLoopGroup;

/**
 * The network of one owner's upsert sessions (the commit log's, or the change-data sink's Delta tables): one event
 * loop for all of them, since a session's own would take seconds to shut down at each commit, and connections that
 * fail a flush when MaxCompute closes them before answering.
 *
 * <p>The SDK's {@code UpsertStreamImpl.flush} waits for each request's response or error, and its read timeout is
 * cancelled when the connection closes: a server that goes away between a request and its answer (a restart, a
 * load balancer's reset) would leave the flush, and the task, waiting forever. {@link ClosedBeforeAnswer} turns that
 * close into the error the flush waits for, an {@link IOException}, which {@link Retry} treats as "unavailable".
 */
public final class UpsertChannels implements AutoCloseable {

    private final NioEventLoopGroup network = new NioEventLoopGroup(1);
    private final Bootstrap bootstrap;

    public UpsertChannels(MaxComputeTable maxCompute) {
        bootstrap = UpsertSessionImpl.generateNettyBootstrap(maxCompute.tunnel().getConfig(), network);
        ChannelHandler sdkPipeline = bootstrap.config().handler();
        bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                // the SDK's HTTP codec first; the SDK adds its response handler after ours when it sends a request
                channel.pipeline().addLast(sdkPipeline).addLast(new ClosedBeforeAnswer());
            }
        });
    }

    /** For {@code UpsertSessionImpl.Builder#setNettyBootStrap}. */
    public Bootstrap bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        network.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /**
     * Fails a request whose connection closed after the request was sent and before an answer or an error arrived.
     * The SDK opens one connection per request, so one flag per connection is enough.
     */
    static final class ClosedBeforeAnswer extends ChannelDuplexHandler {

        private volatile boolean sent;
        private volatile boolean settled;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg, promise.unvoid().addListener((ChannelFutureListener) future -> sent = future.isSuccess()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            settled = true;
            ctx.fireChannelRead(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            settled = true;
            ctx.fireExceptionCaught(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (sent && !settled) {
                settled = true;
                ctx.fireExceptionCaught(new IOException("MaxCompute closed the connection before answering"));
            }
            ctx.fireChannelInactive();
        }
    }
}
