// The query page of bcpgraph: loads the named queries into the text area, posts the query to the
// SPARQL endpoint (data-endpoint on the form) and shows the answer as a table. No libraries; text
// from answers is only ever set as textContent.
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var area = document.getElementById("query");
  var table = document.getElementById("results");
  var status = document.getElementById("status");
  var graphOut = document.getElementById("graph-results");
  if (!form || !area || !table) { return; }
  var d = form.dataset;

  Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.target);
      if (source) { area.value = source.textContent; area.focus(); }
    });
  });

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function pageOf(iri) {
    if (!d.base || iri.indexOf(d.base) !== 0) { return null; }
    var path = iri.slice(d.base.length);
    if (!path) { return null; }
    var suffix = d.suffix;
    if (d.lang === "en") { suffix = suffix ? ".en" + suffix : "?lang=en"; }
    return d.root.replace(/\/?$/, "/") + path.split("/").map(encodeURIComponent).join("/") + suffix;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    var href = term.type === "uri" ? pageOf(term.value) : null;
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
    }
    if (term["xml:lang"]) {
      var small = document.createElement("small");
      small.textContent = " @" + term["xml:lang"];
      td.appendChild(small);
    }
    return td;
  }

  function show(answer) {
    var head = table.tHead, body = table.tBodies[0];
    clear(head); clear(body);
    graphOut.hidden = true;
    var row = document.createElement("tr");
    if (typeof answer.boolean === "boolean") {
      var th = document.createElement("th"); th.textContent = "ASK"; row.appendChild(th); head.appendChild(row);
      var tr = document.createElement("tr"); var td = document.createElement("td");
      td.textContent = answer.boolean ? d.msgYes : d.msgNo; tr.appendChild(td); body.appendChild(tr);
      status.textContent = "";
      return;
    }
    var vars = (answer.head && answer.head.vars) || [];
    vars.forEach(function (name) {
      var th = document.createElement("th"); th.textContent = name; row.appendChild(th);
    });
    head.appendChild(row);
    var bindings = (answer.results && answer.results.bindings) || [];
    bindings.forEach(function (binding) {
      var tr = document.createElement("tr");
      vars.forEach(function (name) { tr.appendChild(cell(binding[name])); });
      body.appendChild(tr);
    });
    status.textContent = bindings.length + " " + d.msgRows;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!d.endpoint) { status.textContent = d.msgStatic; return; }
    status.textContent = d.msgRunning;
    var body = new URLSearchParams();
    body.set("query", area.value);
    fetch(d.endpoint, {
      method: "POST",
      headers: {
        "Accept": "application/sparql-results+json, text/turtle;q=0.8",
        "Content-Type": "application/x-www-form-urlencoded"
      },
      body: body
    }).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) { throw new Error(response.status + " " + text.slice(0, 1000)); }
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("json") >= 0) {
          show(JSON.parse(text));
        } else {
          clear(table.tHead); clear(table.tBodies[0]);
          graphOut.textContent = text;
          graphOut.hidden = false;
          status.textContent = "";
        }
      });
    }).catch(function (error) {
      status.textContent = d.msgError + ": " + error.message;
    });
  });
}());
