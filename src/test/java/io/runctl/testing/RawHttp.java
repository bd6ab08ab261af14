package io.runctl.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no HTTP client would send: raw CR/LF in the
 * request line, undecodable bytes, encoded slashes and NULs. Always
 * {@code Connection: close}; the answer is read to the end.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** One answer: status, headers (lower-case names, first value) and body. */
	public record Answer(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		public boolean isHtml() {
			String type = header("content-type");
			return (type != null && type.contains("html")) || this.body.toLowerCase(Locale.ROOT).contains("<html");
		}

	}

	/**
	 * Sends the request head given (without the final empty line) and the body, and reads
	 * the answer.
	 */
	public static Answer send(int port, byte[] head, byte[] body) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			try {
				out.write(head);
				out.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
				out.write(body);
				out.flush();
			}
			catch (java.net.SocketException ex) {
				// the server answered and closed before reading everything: read its
				// answer
			}
			return parse(readAll(socket.getInputStream()));
		}
	}

	/** A request with the usual headers around a raw target and extra header lines. */
	public static Answer send(int port, String method, String target, String extraHeaders, byte[] body)
			throws IOException {
		String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
				+ ApiKeys.HEADER + ": " + ApiKeys.OPERATOR_AUTH
				+ ((body.length > 0) ? "\r\nContent-Type: application/json\r\nContent-Length: " + body.length : "")
				+ (extraHeaders.isEmpty() ? "" : "\r\n" + extraHeaders);
		return send(port, head.getBytes(StandardCharsets.ISO_8859_1), body);
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				all.write(buffer, 0, n);
			}
		}
		catch (java.net.SocketException ex) {
			// the server may reset after answering a request it refused to read
		}
		return all.toByteArray();
	}

	private static Answer parse(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			return new Answer(-1, Map.of(), text);
		}
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
		}
		String body = text.substring(end + 4);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = unchunk(body);
		}
		return new Answer(status, headers,
				new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
	}

	private static String unchunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (at < chunked.length()) {
			int lineEnd = chunked.indexOf("\r\n", at);
			if (lineEnd < 0) {
				break;
			}
			int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
			if (size == 0) {
				break;
			}
			body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
			at = lineEnd + 2 + size + 2;
		}
		return body.toString();
	}

}
