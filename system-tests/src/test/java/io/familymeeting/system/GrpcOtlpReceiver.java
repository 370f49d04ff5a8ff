package io.familymeeting.system;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A tiny OTLP/gRPC receiver on 127.0.0.1 (grpc-java's Netty server, plaintext HTTP/2): the
 * {@code Export} calls of the trace and metrics services record their (protobuf) requests
 * and answer an empty export response. The bodies are the same messages as
 * {@link OtlpReceiver}'s, read with {@link OtlpMessages}.
 */
final class GrpcOtlpReceiver implements AutoCloseable {
    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    final List<byte[]> traces = new CopyOnWriteArrayList<>();
    final List<byte[]> metrics = new CopyOnWriteArrayList<>();
    private final Server server;

    GrpcOtlpReceiver() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(service("opentelemetry.proto.collector.trace.v1.TraceService", traces))
                    .addService(service("opentelemetry.proto.collector.metrics.v1.MetricsService", metrics))
                    .build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerServiceDefinition service(String name, List<byte[]> into) {
        MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(name, "Export"))
                .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
        return ServerServiceDefinition.builder(name).addMethod(export, ServerCalls.asyncUnaryCall((request, response) -> {
            into.add(request);
            response.onNext(new byte[0]);
            response.onCompleted();
        })).build();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
