//! The help dialog: keyboard shortcuts and what the page does with your text.

use web_sys::HtmlDialogElement;
use yew::prelude::*;

pub const HELP_ID: &str = "help-dialog";

/// (A plain view function, not a component: it has no state, and a component costs more code.)
pub fn help() -> Html {
    let close = Callback::from(|_: MouseEvent| {
        if let Some(dialog) = crate::browser::by_id::<HtmlDialogElement>(HELP_ID) {
            dialog.close();
        }
    });
    html! {
        <dialog id={HELP_ID} class="help" aria-labelledby="help-title">
            <h2 id="help-title">{ "Keyboard and privacy" }</h2>
            <table class="shortcuts">
                <tbody>
                    <tr><th scope="row"><kbd>{ "Tab" }</kbd></th><td>{ "in the editor: insert four spaces" }</td></tr>
                    <tr><th scope="row"><kbd>{ "Esc" }</kbd>{ " then " }<kbd>{ "Tab" }</kbd></th><td>{ "leave the editor (Shift+Tab also leaves backwards)" }</td></tr>
                    <tr><th scope="row"><kbd>{ "Ctrl" }</kbd>{ "+" }<kbd>{ "Z" }</kbd></th><td>{ "right after loading an example, applying the rewrite or opening a link: bring back the previous text (or use the Undo button)" }</td></tr>
                    <tr><th scope="row"><kbd>{ "Alt" }</kbd>{ "+" }<kbd>{ "1" }</kbd>{ " / " }<kbd>{ "2" }</kbd>{ " / " }<kbd>{ "3" }</kbd></th><td>{ "show Findings / Rewrite / Layers" }</td></tr>
                    <tr><th scope="row"><kbd>{ "←" }</kbd>{ " " }<kbd>{ "→" }</kbd>{ " " }<kbd>{ "Home" }</kbd>{ " " }<kbd>{ "End" }</kbd></th><td>{ "move between tabs" }</td></tr>
                    <tr><th scope="row"><kbd>{ "?" }</kbd></th><td>{ "this help (outside text fields)" }</td></tr>
                    <tr><th scope="row"><kbd>{ "Esc" }</kbd></th><td>{ "close this dialog" }</td></tr>
                </tbody>
            </table>
            <p>{ "Clicking a finding or a layer selects its text in the editor. In presenter mode (add ?present to the address), PageDown and PageUp step through the examples, or through the lessons while they are open." }</p>
            <p><strong>{ "Your text stays on this device." }</strong>{ " The analysis runs in this page as WebAssembly (long files in a background worker of the same page); after the page has loaded, it sends nothing anywhere. The only later requests are to this site itself, for a lesson pack when you open the lessons. The text is saved in this browser's local storage so a reload keeps it, and a share link carries it in the part after #, which browsers do not send to servers." }</p>
            <div class="dialog-actions"><button type="button" class="primary" onclick={close}>{ "Close" }</button></div>
        </dialog>
    }
}
