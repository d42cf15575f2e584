// MTServer starter site: progressive enhancement for the form demo and the upload page.
// Both pages work without JavaScript; this adds progress, drag-and-drop and inline results.
(function () {
  "use strict";

  function formatBytes(n) {
    if (n < 1024) return n + " B";
    var units = ["KiB", "MiB", "GiB", "TiB"];
    var i = -1;
    do { n /= 1024; i++; } while (n >= 1024 && i < units.length - 1);
    return n.toFixed(n < 10 ? 1 : 0) + " " + units[i];
  }

  function setStatus(el, text, kind) {
    el.textContent = text;
    el.className = "status" + (kind ? " " + kind : "");
  }

  // ---- form demo: POST urlencoded with fetch, show that it was recorded ----
  var demo = document.getElementById("demo-form");
  if (demo) {
    var formStatus = document.getElementById("form-status");
    var recorded = document.getElementById("recorded");
    demo.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = new URLSearchParams(new FormData(demo));
      setStatus(formStatus, "Sending\u2026");
      fetch(demo.action, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: body
      }).then(function (response) {
        if (response.ok) {
          // The server answers only after the line is on disk (fsync), so this is a real receipt.
          setStatus(formStatus, "Recorded at " + new Date().toLocaleTimeString() +
            ": the server saved your submission before it answered (HTTP " + response.status + ").", "ok");
          if (recorded) {
            recorded.textContent = "";
            body.forEach(function (value, name) {
              var dt = document.createElement("dt");
              dt.textContent = name;
              var dd = document.createElement("dd");
              dd.textContent = value || "\u2014";
              recorded.appendChild(dt);
              recorded.appendChild(dd);
            });
            recorded.hidden = false;
          }
          demo.reset();
        } else {
          return response.text().then(function (text) {
            setStatus(formStatus, "Not recorded: " + (text.trim() || "HTTP " + response.status), "bad");
          });
        }
      }).catch(function () {
        setStatus(formStatus, "Not recorded: the server could not be reached.", "bad");
      });
    });
  }

  // ---- upload page: several files, drag-and-drop, XMLHttpRequest upload progress ----
  var upload = document.getElementById("upload-form");
  if (upload) {
    var input = document.getElementById("file-input");
    var zone = document.getElementById("dropzone");
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var button = document.getElementById("upload-button");
    var cancel = document.getElementById("upload-cancel");
    var tbody = document.querySelector("#stored-files tbody");
    var dropped = null;

    var current = null;

    function describe(files) {
      var total = 0;
      for (var i = 0; i < files.length; i++) total += files[i].size;
      return files.length + (files.length === 1 ? " file" : " files") + " (" + formatBytes(total) + ")";
    }

    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (!e.dataTransfer || e.dataTransfer.files.length === 0) return;
      dropped = e.dataTransfer.files;
      setStatus(status, describe(dropped) + " ready to upload.");
    });
    input.addEventListener("change", function () {
      dropped = null;
      if (input.files.length > 0) setStatus(status, describe(input.files) + " ready to upload.");
    });
    if (cancel) {
      cancel.addEventListener("click", function () { if (current) current.abort(); });
    }

    function listStored(files) {
      files.forEach(function (f) {
        var row = document.createElement("tr");
        var name = document.createElement("td");
        var link = document.createElement("a");
        link.href = f.url;
        link.textContent = f.name;
        name.appendChild(link);
        var size = document.createElement("td");
        size.textContent = formatBytes(f.size);
        row.appendChild(name);
        row.appendChild(size);
        tbody.appendChild(row);
      });
    }

    // Files from the threshold on go by tus (tus-js-client, served from /vendor/): resumable
    // across dropped connections and server restarts; its fingerprint in localStorage lets a
    // reload resume an upload when the same file is chosen again.
    var tusEndpoint = upload.getAttribute("data-tus-endpoint");
    var tusThreshold = Number(upload.getAttribute("data-tus-threshold") || Infinity);
    function wantsTus(files) {
      if (!window.tus || !window.tus.isSupported || !tusEndpoint) return false;
      for (var i = 0; i < files.length; i++) if (files[i].size >= tusThreshold) return true;
      return false;
    }

    function resumableUpload(files) {
      var queue = Array.prototype.slice.call(files);
      // The optional note travels in each upload's metadata; the server records it with the
      // stored name once the file is in, as it records the multipart form's note field.
      var note = upload.querySelector("input[name=note]").value;
      var total = 0, before = 0;
      queue.forEach(function (f) { total += f.size; });
      bar.hidden = false;
      bar.value = 0;
      button.disabled = true;
      if (cancel) cancel.hidden = false;
      function finish(text, kind) {
        current = null;
        button.disabled = false;
        if (cancel) cancel.hidden = true;
        setStatus(status, text, kind);
      }
      function next() {
        var file = queue.shift();
        if (!file) {
          bar.value = 100;
          finish("Stored " + files.length + (files.length === 1 ? " file" : " files") + ".", "ok");
          upload.reset();
          dropped = null;
          return;
        }
        var tusUpload = new window.tus.Upload(file, {
          endpoint: tusEndpoint,
          chunkSize: 8 * 1024 * 1024,
          retryDelays: [0, 1000, 2000, 3000, 5000, 5000, 5000, 10000, 10000, 10000, 20000, 30000],
          removeFingerprintOnSuccess: true,
          metadata: note
            ? { filename: file.name, filetype: file.type || "application/octet-stream", note: note }
            : { filename: file.name, filetype: file.type || "application/octet-stream" },
          onProgress: function (sent) {
            var pct = Math.floor(((before + sent) / Math.max(total, 1)) * 100);
            bar.value = pct;
            setStatus(status, pct + " % \u2014 " + formatBytes(before + sent) + " of " + formatBytes(total) + " (resumable)");
          },
          onShouldRetry: function (err) {
            var code = err.originalResponse ? err.originalResponse.getStatus() : 0;
            var retry = !(code >= 400 && code < 500) || code === 409 || code === 423;
            if (retry) setStatus(status, "Connection lost \u2014 resuming\u2026", "resuming");
            return retry;
          },
          onError: function (err) {
            var code = err.originalResponse ? err.originalResponse.getStatus() : 0;
            var text = err.originalResponse ? err.originalResponse.getBody() : "";
            finish("Upload refused: " + ((text || "").trim() || (code ? "HTTP " + code : "the server could not be reached")), "bad");
          },
          onSuccess: function (payload) {
            var stored = payload && payload.lastResponse ? payload.lastResponse.getHeader("Location") : null;
            if (stored) {
              listStored([{ name: decodeURIComponent(stored.substring(stored.lastIndexOf("/") + 1)), url: stored, size: file.size }]);
            }
            before += file.size;
            next();
          }
        });
        current = { abort: function () { tusUpload.abort(true); finish("Upload cancelled: nothing was stored.", "bad"); } };
        tusUpload.findPreviousUploads().then(function (previous) {
          if (previous.length > 0) {
            setStatus(status, "Resuming an earlier upload of " + file.name + "\u2026", "resuming");
            tusUpload.resumeFromPreviousUpload(previous[0]);
          }
          tusUpload.start();
        });
      }
      next();
    }

    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData();
      var files = dropped || input.files;
      if (!files || files.length === 0) {
        setStatus(status, "Choose at least one file first.", "bad");
        return;
      }
      if (wantsTus(files)) {
        resumableUpload(files);
        return;
      }
      for (var i = 0; i < files.length; i++) data.append("file", files[i], files[i].name);
      var note = upload.querySelector("input[name=note]").value;
      if (note) data.append("note", note);

      var xhr = new XMLHttpRequest();
      current = xhr;
      xhr.open("POST", upload.action);
      xhr.setRequestHeader("Accept", "application/json");
      bar.hidden = false;
      bar.value = 0;
      button.disabled = true;
      if (cancel) cancel.hidden = false;
      function done() {
        current = null;
        button.disabled = false;
        if (cancel) cancel.hidden = true;
      }
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var pct = Math.floor((e.loaded / e.total) * 100);
          bar.value = pct;
          setStatus(status, pct + " % \u2014 " + formatBytes(e.loaded) + " of " + formatBytes(e.total));
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.value = 100;
        setStatus(status, "100 % sent \u2014 the server is writing the files to disk\u2026");
      });
      xhr.addEventListener("load", function () {
        done();
        if (xhr.status === 201) {
          bar.value = 100;
          var result = JSON.parse(xhr.responseText);
          setStatus(status, "Stored " + result.files.length + (result.files.length === 1 ? " file" : " files") + ".", "ok");
          listStored(result.files);
          upload.reset();
          dropped = null;
        } else if (xhr.status === 401) {
          // --auth-file: the browser asked for a password (its own prompt) and was not given a good one
          setStatus(status, "Upload refused: this server takes uploads only from its users. " +
            "Sign in when your browser asks (try again to be asked again). Nothing was stored.", "bad");
        } else if (xhr.status === 429) {
          setStatus(status, "Upload refused: too many wrong passwords from this address; try again in " +
            (xhr.getResponseHeader("Retry-After") || "a few") + " s. Nothing was stored.", "bad");
        } else {
          var reason = (xhr.responseText || "").trim() || ("HTTP " + xhr.status + " " + xhr.statusText);
          setStatus(status, "Upload refused: " + reason, "bad");
        }
      });
      xhr.addEventListener("abort", function () {
        done();
        bar.value = 0;
        setStatus(status, "Upload cancelled: nothing was stored.", "bad");
      });
      xhr.addEventListener("error", function () {
        done();
        setStatus(status, "Upload failed: the connection was lost (the upload may be larger than the server accepts). Nothing was stored.", "bad");
      });
      xhr.send(data);
    });
  }
})();
