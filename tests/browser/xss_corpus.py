"""The XSS corpus (holds no tests): payloads for every free-text field.

Each payload, if it ever ran, would open a dialog (alert, confirm or prompt) or fetch from
the canary server on loopback (`{canary}` is filled in with its address). None is longer
than 110 characters, so it fits every field it is typed into.
"""

from __future__ import annotations

PAYLOADS = [
    "<script>alert(1)</script>",
    "<script>confirm('xss')</script>",
    "<ScRiPt>prompt(1)</sCrIpT>",
    '"><script>alert(2)</script>',
    "'><script>alert(3)</script>",
    "</textarea><script>alert(4)</script>",
    "</title><script>alert(5)</script>",
    "</style><script>alert(6)</script>",
    "<img src=x onerror=alert(7)>",
    '<img src=x onerror="confirm(8)">',
    "<svg onload=alert(9)>",
    "<svg><script>alert(10)</script></svg>",
    "<body onload=alert(11)>",
    '<iframe src="javascript:alert(12)"></iframe>',
    '<iframe srcdoc="<script>alert(13)</script>"></iframe>',
    '<a href="javascript:alert(14)">click</a>',
    "<details open ontoggle=alert(15)>",
    "<input autofocus onfocus=alert(16)>",
    "<select autofocus onfocus=alert(17)></select>",
    "<video><source onerror=alert(18)></video>",
    "<audio src=x onerror=alert(19)>",
    "<marquee onstart=alert(20)>x</marquee>",
    "<math><mtext><img src=x onerror=alert(21)></mtext></math>",
    '<object data="javascript:alert(22)"></object>',
    '<embed src="javascript:alert(23)">',
    "<form><button formaction=javascript:alert(24)>go</button></form>",
    "<isindex action=javascript:alert(25) type=image>",
    '<div style="background:url(javascript:alert(26))">x</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(27)">',
    '<base href="javascript:alert(28)//">',
    "{{7*7}}<script>alert(29)</script>{% raw %}",
    "${alert(30)}<img src=x onerror=alert(30)>",
    "javascript:alert(31)",
    "&lt;script&gt;alert(32)&lt;/script&gt;",
    "&#60;script&#62;alert(33)&#60;/script&#62;",
    "<scr<script>ipt>alert(34)</scr</script>ipt>",
    "<img src=`x` onerror=alert(35)>",
    "<img/src=x/onerror=alert(36)>",
    "<svg/onload=alert&#40;37&#41;>",
    '" onmouseover="alert(38)" autofocus onfocus="alert(38)',
    "' onfocus='alert(39)' autofocus='",
    "<template><script>alert(40)</script></template><img src=x onerror=alert(40)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(41)>">',
    '<img src="{canary}/img42">',
    '<link rel=stylesheet href="{canary}/css43">',
    "<style>@import '{canary}/import44';</style>",
    'Zoë O\'Brien-Núñez & "Sons" <b>bold</b> 45',
    "<!--<img src=x onerror=alert(46)>-->",
]
