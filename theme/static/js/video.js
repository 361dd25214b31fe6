// Tap-to-play video embeds. The page ships a plain link to the video (works
// without JavaScript, asks no third party for anything); a tap swaps it for
// the provider's player, so nothing is loaded from the provider before then.
(function () {
  "use strict";
  // The only iframes this script inserts: https, these hosts, these paths.
  var PLAYERS = {
    "www.youtube-nocookie.com": "/embed/",
    "www.facebook.com": "/plugins/video.php",
    "player.vimeo.com": "/video/",
    "www.tiktok.com": "/embed/v2/"
  };
  var NAMES = { youtube: "YouTube", facebook: "Facebook", vimeo: "Vimeo", tiktok: "TikTok" };
  var LINK = "figure.video-embed[data-embed] a.video-link";

  function playerUrl(value) {
    var url;
    try { url = new URL(value); } catch (e) { return null; }
    var path = Object.prototype.hasOwnProperty.call(PLAYERS, url.hostname) && PLAYERS[url.hostname];
    if (url.protocol !== "https:" || url.username || url.password || url.port) return null;
    if (!path || url.pathname.indexOf(path) !== 0) return null;
    return url.href;
  }

  function play(link) {
    var figure = link.closest("figure.video-embed");
    var src = figure && playerUrl(figure.getAttribute("data-embed"));
    if (!src) return false;  // not ours: let the link open the video
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = (NAMES[figure.getAttribute("data-provider")] || "") + " video";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    link.replaceWith(frame);
    figure.classList.add("is-playing");
    frame.focus();
    return true;
  }

  document.addEventListener("click", function (event) {
    // Ctrl/Cmd/Shift-click keeps meaning "open the video elsewhere".
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest(LINK);
    if (link && play(link)) event.preventDefault();
  });

  // Enter already clicks a link; Space should too, as on a play button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== " ") return;
    var link = event.target.closest && event.target.closest(LINK);
    if (link && play(link)) event.preventDefault();
  });
})();
