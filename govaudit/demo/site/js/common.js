/* common scripts of the demo site */
function addFavorite() { try { window.external.addFavorite(location.href, document.title); } catch (e) { alert("请使用Ctrl+D收藏本站"); } }
function doZoom(size) { var z = document.getElementById("zoom"); if (z) { z.style.fontSize = size + "px"; } }
