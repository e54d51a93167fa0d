/* stand-in for jQuery on the demo site (the list data is in the page; see jquery.jpage.js) */
window.$ = window.jQuery = function (x) { return { ready: function (f) { f(); }, jpage: function () {} }; };
