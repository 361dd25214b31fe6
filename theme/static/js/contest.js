// Corrects contest status badges from the reader's clock, so a page built
// weeks ago never shows a closed contest as open, and counts down to the
// deadline. Labels come from data attributes written in the page's language.
(function () {
  "use strict";
  var UNITS = [["day", 86400000], ["hour", 3600000], ["minute", 60000]];

  function statusAt(now, opens, closes) {
    if (now < opens) return "upcoming";
    if (now <= closes) return "open";
    return "closed";
  }

  function countdown(lang, ms) {
    if (!window.Intl || !Intl.RelativeTimeFormat) return "";
    var format = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    for (var i = 0; i < UNITS.length; i++) {
      if (ms >= UNITS[i][1] || i === UNITS.length - 1) {
        return format.format(Math.max(1, Math.round(ms / UNITS[i][1])), UNITS[i][0]);
      }
    }
    return "";
  }

  function update() {
    var now = Date.now();
    var badges = document.querySelectorAll("[data-contest-status]");
    var anyOpen = false;
    for (var i = 0; i < badges.length; i++) {
      var el = badges[i];
      var opens = Date.parse(el.getAttribute("data-opens"));
      var closes = Date.parse(el.getAttribute("data-closes"));
      if (isNaN(opens) || isNaN(closes)) continue;
      var status = statusAt(now, opens, closes);
      el.setAttribute("data-contest-status", status);
      var badge = el.querySelector(".badge");
      if (badge) badge.textContent = el.getAttribute("data-label-" + status) || status;
      var clock = el.querySelector(".countdown");
      if (clock) {
        clock.textContent = status === "open" ? countdown(clock.lang, closes - now)
          : status === "upcoming" ? countdown(clock.lang, opens - now) : "";
      }
      if (status === "open") anyOpen = true;
      var section = el.closest(".contest");
      var enter = section && section.querySelector(".enter");
      if (enter) enter.hidden = status !== "open";
    }
    return anyOpen;
  }

  if (update()) setInterval(update, 60000);
})();
