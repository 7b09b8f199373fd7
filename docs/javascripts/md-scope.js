// Material for MkDocs' storage helpers (its partials/javascripts/base.html, MIT licence), loaded as a file
// by every page (overrides/partials/javascripts/base.html): the scope is the site's root, this file's folder's
// parent, as Material's inline script makes it from each page's own depth.
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};
