package io.runctl.bench;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The monitor benchmark's subscribers: many SSE streams on plain non-blocking sockets,
 * read by a few threads with a selector each. It reads the HTTP/1.1 answer (status line,
 * headers, chunked framing) and in the event stream only what the benchmark counts: the
 * {@code retry:} line every stream opens with, and the {@code served=<nanos>} mark the
 * benchmark's upstream put in every log line. A general client (Reactor Netty, until
 * session 4) spent as much CPU on the two shared cores as the server's writers; this one
 * leaves them to the server, whose lag the benchmark measures.
 */
final class SubscriberClient implements AutoCloseable {

	interface Deliveries {

		/** A log line the upstream served at {@code served} arrived at {@code now}. */
		void delivered(long served, long now);

	}

	private final InetSocketAddress server;

	private final Deliveries deliveries;

	private final Reader[] readers;

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger failed = new AtomicInteger();

	private int next;

	SubscriberClient(int port, int threads, Deliveries deliveries) throws IOException {
		this.server = new InetSocketAddress("127.0.0.1", port);
		this.deliveries = deliveries;
		this.readers = new Reader[threads];
		for (int i = 0; i < threads; i++) {
			this.readers[i] = new Reader();
			Thread thread = new Thread(this.readers[i], "subscribers-" + i);
			thread.setDaemon(true);
			thread.start();
		}
	}

	/** Opens one stream: a GET of the path with these extra header lines. */
	void subscribe(String pathAndQuery, String headers) throws IOException {
		byte[] request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + this.server.getPort()
				+ "\r\nAccept: text/event-stream\r\n" + headers + "\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		SocketChannel channel = SocketChannel.open();
		channel.configureBlocking(false);
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
		channel.connect(this.server);
		this.readers[this.next++ % this.readers.length].join(new Stream(channel, request));
	}

	/** Streams that have received their {@code retry:} line. */
	int open() {
		return this.open.get();
	}

	/** Streams that failed or ended. */
	int failed() {
		return this.failed.get();
	}

	@Override
	public void close() {
		for (Reader reader : this.readers) {
			reader.closed = true;
			reader.selector.wakeup();
		}
	}

	/** One thread, one selector, its share of the streams. */
	private final class Reader implements Runnable {

		final Selector selector;

		final Queue<Stream> joining = new ConcurrentLinkedQueue<>();

		final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

		final byte[] bytes = new byte[64 * 1024];

		volatile boolean closed;

		Reader() throws IOException {
			this.selector = Selector.open();
		}

		void join(Stream stream) {
			this.joining.add(stream);
			this.selector.wakeup();
		}

		@Override
		public void run() {
			try {
				while (!this.closed) {
					this.selector.select(100);
					Stream joined;
					while ((joined = this.joining.poll()) != null) {
						joined.channel.register(this.selector, SelectionKey.OP_CONNECT, joined);
					}
					for (SelectionKey key : this.selector.selectedKeys()) {
						serve(key, (Stream) key.attachment());
					}
					this.selector.selectedKeys().clear();
				}
				for (SelectionKey key : this.selector.keys()) {
					key.channel().close();
				}
				this.selector.close();
			}
			catch (IOException ex) {
				System.err.println("subscribers failed: " + ex);
			}
		}

		private void serve(SelectionKey key, Stream stream) {
			try {
				if (key.isConnectable()) {
					if (stream.channel.finishConnect()) {
						// A few hundred bytes into an empty socket buffer: written whole.
						stream.channel.write(ByteBuffer.wrap(stream.request));
						key.interestOps(SelectionKey.OP_READ);
					}
					return;
				}
				if (!key.isReadable()) {
					return;
				}
				this.buffer.clear();
				int read = stream.channel.read(this.buffer);
				if (read < 0) {
					fail(key, stream, "the server closed the stream");
					return;
				}
				this.buffer.flip();
				this.buffer.get(this.bytes, 0, read);
				String problem = stream.consume(this.bytes, read, System.nanoTime());
				if (problem != null) {
					fail(key, stream, problem);
				}
			}
			catch (IOException ex) {
				fail(key, stream, ex.toString());
			}
		}

		private void fail(SelectionKey key, Stream stream, String why) {
			SubscriberClient.this.failed.incrementAndGet();
			System.err.println("subscriber failed: " + why);
			key.cancel();
			try {
				stream.channel.close();
			}
			catch (IOException ex) {
				// Closing anyway.
			}
		}

	}

	private enum Framing {

		HEADERS, SIZE, DATA, DATA_END, ENDED

	}

	private static final byte[] RETRY = "retry:".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SERVED = "served=".getBytes(StandardCharsets.US_ASCII);

	private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final byte[] OK = "HTTP/1.1 200 ".getBytes(StandardCharsets.US_ASCII);

	/** One stream's parser state. */
	private final class Stream {

		final SocketChannel channel;

		final byte[] request;

		Framing framing = Framing.HEADERS;

		/** The status line's first bytes, then the last four bytes of the headers. */
		final byte[] head = new byte[OK.length];

		int headLength;

		int lastFour;

		long chunkLeft;

		/** A line the last read ended inside of. */
		byte[] carry = new byte[512];

		int carried;

		Stream(SocketChannel channel, byte[] request) {
			this.channel = channel;
			this.request = request;
		}

		/** Reads what arrived; a problem that ends the stream, or {@code null}. */
		String consume(byte[] bytes, int length, long now) {
			int at = 0;
			while (at < length) {
				switch (this.framing) {
					case HEADERS -> {
						byte b = bytes[at++];
						if (this.headLength < this.head.length) {
							this.head[this.headLength++] = b;
						}
						this.lastFour = (this.lastFour << 8) | (b & 0xff);
						if (this.lastFour == 0x0d0a0d0a) {
							if (!Arrays.equals(this.head, OK)) {
								return "answered " + new String(this.head, StandardCharsets.US_ASCII);
							}
							this.framing = Framing.SIZE;
						}
					}
					case SIZE -> {
						byte b = bytes[at++];
						int digit = Character.digit(b, 16);
						if (digit >= 0) {
							this.chunkLeft = this.chunkLeft * 16 + digit;
						}
						else if (b == '\n') {
							if (this.chunkLeft == 0) {
								this.framing = Framing.ENDED;
								return "the stream ended";
							}
							this.framing = Framing.DATA;
						}
					}
					case DATA -> {
						int take = (int) Math.min(this.chunkLeft, length - at);
						lines(bytes, at, at + take, now);
						at += take;
						this.chunkLeft -= take;
						if (this.chunkLeft == 0) {
							this.framing = Framing.DATA_END;
						}
					}
					case DATA_END -> {
						if (bytes[at++] == '\n') {
							this.framing = Framing.SIZE;
						}
					}
					case ENDED -> {
						return "bytes after the last chunk";
					}
				}
			}
			return null;
		}

		/**
		 * Event-stream text: whole lines are read in place, a split one is carried over.
		 */
		private void lines(byte[] bytes, int from, int to, long now) {
			int start = from;
			int end;
			while ((end = indexOf(bytes, start, to, (byte) '\n')) >= 0) {
				if (this.carried > 0) {
					carry(bytes, start, end);
					line(this.carry, 0, this.carried, now);
					this.carried = 0;
				}
				else {
					line(bytes, start, end, now);
				}
				start = end + 1;
			}
			carry(bytes, start, to);
		}

		private void carry(byte[] bytes, int from, int to) {
			int length = to - from;
			if (this.carried + length > this.carry.length) {
				this.carry = Arrays.copyOf(this.carry, Math.max(this.carry.length * 2, this.carried + length));
			}
			System.arraycopy(bytes, from, this.carry, this.carried, length);
			this.carried += length;
		}

		private void line(byte[] bytes, int from, int to, long now) {
			if (startsWith(bytes, from, to, RETRY)) {
				SubscriberClient.this.open.incrementAndGet();
			}
			else if (startsWith(bytes, from, to, DATA)) {
				int equals = from + DATA.length;
				while ((equals = indexOf(bytes, equals, to, (byte) '=')) >= 0) {
					if (equals - from >= SERVED.length && startsWith(bytes, equals + 1 - SERVED.length, to, SERVED)) {
						long served = 0;
						for (int i = equals + 1; i < to && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
							served = served * 10 + (bytes[i] - '0');
						}
						SubscriberClient.this.deliveries.delivered(served, now);
						return;
					}
					equals++;
				}
			}
		}

	}

	static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
		if (to - from < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[from + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The first index of the byte in the range, or -1. Eight bytes at a time: the bytes
	 * of {@code x = word ^ pattern} that are zero are the matches, and
	 * {@code (x - 0x01..) & ~x & 0x80..} has its lowest set bit in the first of them.
	 */
	static int indexOf(byte[] bytes, int from, int to, byte what) {
		long pattern = (what & 0xffL) * 0x0101010101010101L;
		int i = from;
		for (; i + Long.BYTES <= to; i += Long.BYTES) {
			long x = (long) WORDS.get(bytes, i) ^ pattern;
			long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
			if (found != 0) {
				return i + (Long.numberOfTrailingZeros(found) >>> 3);
			}
		}
		for (; i < to; i++) {
			if (bytes[i] == what) {
				return i;
			}
		}
		return -1;
	}

}
