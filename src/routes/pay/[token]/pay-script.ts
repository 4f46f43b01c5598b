/**
 * The pay page's only JavaScript, inlined into the server-rendered HTML (the page ships no app
 * bundle). Each `form[data-snap]` (this invoice; everything owed) asks its URL for a Snap token, loads snap.js from the configured Snap base
 * URL and opens it; after paying, or when Snap sends the payer back, it polls the server until
 * the payment is confirmed and reloads to show the result. Plain ES5 for old phones.
 */
export const PAY_SCRIPT = `(function(){
var c=JSON.parse(document.getElementById('pay-config').textContent);
var forms=document.querySelectorAll('form[data-snap]'),box=document.getElementById('pay-status');
function btns(off){for(var i=0;i<forms.length;i++)forms[i].querySelector('button').disabled=off;}
function say(text,busy){box.hidden=false;box.textContent=text;box.setAttribute('aria-busy',busy?'true':'false');}
var polls=0;
function poll(){polls++;
fetch(c.statusUrl,{headers:{accept:'application/json'},cache:'no-store'}).then(function(r){return r.json();}).then(function(s){
if(s.status==='paid'||s.status==='void'){location.replace(c.pageUrl);return;}
if(s.attempt==='deny'||s.attempt==='cancel'||s.attempt==='expire'||s.attempt==='failure'){say(c.m.failed,false);btns(false);return;}
if(s.attempt==='pending'&&polls>3)say(c.m.waiting,true);
if(polls<90)setTimeout(poll,polls<20?2000:5000);else say(c.m.notConfirmed,false);
}).catch(function(){if(polls<90)setTimeout(poll,5000);});}
function checking(){btns(true);say(c.m.checking,true);polls=0;poll();}
function withSnap(ok,fallback){if(window.snap){ok();return;}var s=document.createElement('script');s.src=c.snapJsUrl;if(c.clientKey)s.setAttribute('data-client-key',c.clientKey);s.onload=function(){window.snap?ok():fallback();};s.onerror=fallback;document.head.appendChild(s);}
function start(e){e.preventDefault();btns(true);say(c.m.opening,true);
fetch(e.target.getAttribute('data-snap'),{method:'POST',headers:{accept:'application/json'}}).then(function(r){return r.json().then(function(d){return{ok:r.ok,d:d};});}).then(function(x){
if(!x.ok||!x.d.token){say(x.d.message||c.m.gatewayError,false);btns(false);return;}
withSnap(function(){box.hidden=true;window.snap.pay(x.d.token,{onSuccess:checking,onPending:checking,onError:function(){say(c.m.failed,false);btns(false);},onClose:function(){btns(false);}});},function(){location.href=x.d.redirectUrl;});
}).catch(function(){say(c.m.gatewayError,false);btns(false);});}
if(window.fetch)for(var i=0;i<forms.length;i++)forms[i].addEventListener('submit',start);
if(c.checking)checking();
})();`;
