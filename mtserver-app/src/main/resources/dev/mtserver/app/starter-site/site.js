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
          setStatus(formStatus, "Recorded: your submission was saved (HTTP " + response.status + ").", "ok");
          demo.reset();
        } else {
          setStatus(formStatus, "Not recorded: the server answered HTTP " + response.status + ".", "bad");
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
    var tbody = document.querySelector("#stored-files tbody");
    var dropped = null;

    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      dropped = e.dataTransfer.files;
      setStatus(status, dropped.length + " file(s) ready to upload.");
    });
    input.addEventListener("change", function () { dropped = null; });

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

    upload.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData();
      var files = dropped || input.files;
      if (!files || files.length === 0) {
        setStatus(status, "Choose at least one file first.", "bad");
        return;
      }
      for (var i = 0; i < files.length; i++) data.append("file", files[i], files[i].name);
      var note = upload.querySelector("input[name=note]").value;
      if (note) data.append("note", note);

      var xhr = new XMLHttpRequest();
      xhr.open("POST", upload.action);
      xhr.setRequestHeader("Accept", "application/json");
      bar.hidden = false;
      bar.value = 0;
      button.disabled = true;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var pct = Math.floor((e.loaded / e.total) * 100);
          bar.value = pct;
          setStatus(status, pct + " % \u2014 " + formatBytes(e.loaded) + " of " + formatBytes(e.total));
        }
      });
      xhr.addEventListener("load", function () {
        button.disabled = false;
        if (xhr.status === 201) {
          bar.value = 100;
          var result = JSON.parse(xhr.responseText);
          setStatus(status, "100 % \u2014 stored " + result.files.length + " file(s).", "ok");
          listStored(result.files);
          upload.reset();
          dropped = null;
        } else {
          setStatus(status, "Upload refused: HTTP " + xhr.status + " " + xhr.statusText, "bad");
        }
      });
      xhr.addEventListener("error", function () {
        button.disabled = false;
        setStatus(status, "Upload failed: the connection was lost.", "bad");
      });
      xhr.send(data);
    });
  }
})();
