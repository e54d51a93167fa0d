/* Site-cluster list pages keep the list inside an HTML comment; show it in the browser. */
(function () {
  var ul = document.getElementById("xxgk-list");
  if (!ul) { return; }
  for (var i = 0; i < ul.childNodes.length; i++) {
    var n = ul.childNodes[i];
    if (n.nodeType === 8) { ul.innerHTML = n.nodeValue.replace(/<script[\s\S]*?<\/script>/g, ""); break; }
  }
})();
