"""The page's style and script: static text, no build step, no user data inside."""

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#23395d;color:#fff;padding:.6em 1em;display:flex;gap:1em;align-items:center}
header a{color:#fff}
main{padding:1em;display:grid;grid-template-columns:repeat(auto-fill,minmax(28em,1fr));gap:1em}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6em 1em;overflow:auto}
h1{font-size:1.2em;margin:0}h2{font-size:1.05em;margin:.2em 0 .6em}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:2px 6px;vertical-align:top}
tr:nth-child(even){background:#f3f5f8}.muted{color:#777}.s5{color:#b00}.s4{color:#a60}
form{display:inline}input,select,button{font:inherit}
.notice{background:#e6f4ea;border:1px solid #9c9;padding:.4em 1em;margin:1em 1em 0}
#journal{grid-column:1/-1;max-height:40em}
"""

# Polls the journal (only entries after the ones shown) and appends rows with
# textContent, so nothing the fake received is ever parsed as HTML.
SCRIPT = """
(function(){
  var body=document.getElementById('journal-rows');
  var count=document.getElementById('journal-count');
  if(!body)return;
  var seen=parseInt(body.getAttribute('data-seen'),10)||0;
  function cell(row,text,cls){var td=document.createElement('td');td.textContent=text;
    if(cls)td.className=cls;row.appendChild(td);}
  function poll(){
    var url=body.getAttribute('data-url')+'?after='+seen;
    fetch(url,{cache:'no-store'}).then(function(r){return r.json();})
    .then(function(data){
      if(data.total<seen){while(body.firstChild)body.removeChild(body.firstChild);seen=0;return;}
      data.calls.forEach(function(c){
        var row=document.createElement('tr');
        cell(row,String(c.index));cell(row,c.method);cell(row,c.path);
        cell(row,c.route||'');cell(row,c.username||'');
        cell(row,String(c.status),c.status>=500?'s5':(c.status>=400?'s4':''));
        body.insertBefore(row,body.firstChild);
      });
      seen=data.total;count.textContent=String(seen);
    }).catch(function(){}).then(function(){setTimeout(poll,1000);});
  }
  setTimeout(poll,1000);
})();
"""
