// Uploads one file with tus-js-client (Node), for NodeTusClientIT:
//   node tus-upload.js ENDPOINT FILE CHUNK_BYTES DELAY_MS
// Prints "url URL" once the upload exists, "accepted N" after each chunk the server kept,
// "done" on success, "error ..." (exit 1) on failure. Each PATCH waits DELAY_MS first, so the
// test can kill the server in the middle. Retries every 250 ms for a minute: a restarted server
// is found again, and the upload resumes from the offset it reports.
"use strict";
const fs = require("fs");
const tus = require("tus-js-client");

const [endpoint, file, chunkBytes, delayMs] = process.argv.slice(2);
const upload = new tus.Upload(fs.createReadStream(file), {
  endpoint,
  chunkSize: Number(chunkBytes),
  uploadSize: fs.statSync(file).size,
  retryDelays: Array(240).fill(250),
  metadata: { filename: "node upload.bin", filetype: "application/octet-stream" },
  onBeforeRequest(request) {
    if (request.getMethod() === "PATCH") {
      return new Promise((resolve) => setTimeout(resolve, Number(delayMs)));
    }
    return undefined;
  },
  onUploadUrlAvailable() {
    console.log("url " + upload.url);
  },
  onChunkComplete(chunkSize, accepted) {
    console.log("accepted " + accepted);
  },
  onError(error) {
    console.log("error " + error);
    process.exit(1);
  },
  onSuccess() {
    console.log("done");
  },
});
upload.start();
