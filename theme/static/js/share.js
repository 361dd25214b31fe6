// The Web Share API opens the phone's own share sheet (Zalo, LINE, Facebook,
// Messenger…); without it the plain links stay, plus a copy-link button.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".share[data-share-url]");
  for (var i = 0; i < boxes.length; i++) {
    (function (box) {
      var data = { title: box.getAttribute("data-share-title"), url: box.getAttribute("data-share-url") };
      var native = box.querySelector(".share-native");
      var links = box.querySelector(".share-links");
      var status = box.querySelector(".share-status");
      if (navigator.share && native) {
        native.hidden = false;
        links.hidden = true;
        native.addEventListener("click", function () {
          navigator.share(data).catch(function () {});
        });
      }
      var copy = box.querySelector(".share-copy");
      if (copy) {
        copy.addEventListener("click", function () {
          var done = function () { status.textContent = copy.getAttribute("data-done"); };
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(data.url).then(done, function () {
              window.prompt("", data.url);
            });
          } else {
            window.prompt("", data.url);
          }
        });
      }
    })(boxes[i]);
  }
})();
