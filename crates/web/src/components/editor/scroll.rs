//! Which lines the overlay and gutter render, and keeping them aligned with the textarea's scroll position.
//!
//! Only the textarea's visible lines and two screenfuls either side are rendered: at 2,000 lines, rendering
//! every line made style, layout and paint of the overlay the largest cost of a keystroke (issue #7). The
//! rendered lines are moved by a transform (the overlay itself never scrolls). When lines wrap (on a phone),
//! a line's height is no longer known, so every line is rendered and moved by the scroll offset alone.

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

/// Lines rendered before the editor has measured its viewport (more than a tall window shows).
const INITIAL_LINES: usize = 120;

/// The lines rendered (0-based, end exclusive).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub first: usize,
    pub end: usize,
}

/// The window to render for a viewport showing lines `visible` (0-based, end exclusive), or `None` if
/// `current` already covers it.
fn window_for(current: Window, visible: (usize, usize)) -> Option<Window> {
    let (first, end) = visible;
    if current.first <= first && end <= current.end {
        return None;
    }
    // Two screenfuls either side: also covers a frame made up to five times taller until the drag ends.
    let margin = 2 * (end - first).max(20);
    Some(Window {
        first: first.saturating_sub(margin),
        end: end + margin,
    })
}

/// Moves `element` by (x, y) CSS pixels (CSSOM, which the Content-Security-Policy allows, unlike a style
/// attribute).
pub fn translate(element: Option<HtmlElement>, x: i32, y: i32) {
    if let Some(element) = element {
        let _ = element
            .style()
            .set_property("transform", &format!("translate({x}px, {y}px)"));
    }
}

/// A computed length of `element` in whole CSS pixels (`line-height`, `padding-left`…), if it is one. The
/// fraction is dropped: the editor's lengths are whole pixels, and parsing floats would bring float parsing
/// code into the wasm for nothing (`docs/size-budget.md`).
pub fn css_px(element: &HtmlElement, property: &str) -> Option<i32> {
    let value = web_sys::window()?
        .get_computed_style(element)
        .ok()??
        .get_property_value(property)
        .ok()?;
    let whole = value.trim_end_matches("px").split('.').next()?;
    whole.parse::<i32>().ok()
}

/// The rendered window and the function that realigns it after a scroll (or a resize, or a shorter text).
pub struct ScrollSync {
    pub window: Window,
    pub sync: Rc<dyn Fn()>,
}

/// `lines`: the text's line count; `wrapped`: whether lines wrap (then all of them are rendered).
#[hook]
pub fn use_scroll_sync(
    textarea: &NodeRef,
    code: &NodeRef,
    gutter: &NodeRef,
    lines: usize,
    wrapped: bool,
) -> ScrollSync {
    let initial = Window {
        first: 0,
        end: INITIAL_LINES,
    };
    let window = use_state(|| initial);
    // The window the last scroll asked for (the state's value once rendered), and the line height.
    let wanted: Rc<RefCell<Window>> = use_mut_ref(|| initial);
    let line_px = use_mut_ref(i32::default);
    let sync: Rc<dyn Fn()> = {
        let (code, gutter, textarea) = (code.clone(), gutter.clone(), textarea.clone());
        let (window, wanted, line_px) = (window.clone(), wanted.clone(), line_px.clone());
        Rc::new(move || {
            let Some(textarea) = textarea.cast::<HtmlElement>() else {
                return;
            };
            let (top, left, height) = (textarea.scroll_top(), textarea.scroll_left(), textarea.client_height());
            if wrapped {
                translate(code.cast::<HtmlElement>(), 0, -top);
                return;
            }
            let px = {
                let mut px = line_px.borrow_mut();
                if *px == 0 {
                    *px = css_px(&textarea, "line-height").filter(|px| *px > 0).unwrap_or(20);
                }
                *px
            };
            let first = (top / px).saturating_sub(1).max(0) as usize;
            let end = ((top + height) / px + 2).max(0) as usize;
            let current = *wanted.borrow();
            let current = match window_for(current, (first, end)) {
                Some(next) => {
                    *wanted.borrow_mut() = next;
                    window.set(next);
                    next
                }
                None => current,
            };
            let y = current.first as i32 * px - top;
            translate(code.cast::<HtmlElement>(), -left, y);
            translate(gutter.cast::<HtmlElement>(), 0, y);
        })
    };
    {
        // Aligned once mounted and whenever lines start or stop wrapping; then on every scroll event (a
        // programmatic scroll fires one too) and when a drag of the frame's resize handle ends. Not after every
        // render: reading scrollTop there forces a synchronous layout of the whole text per keystroke.
        let sync = sync.clone();
        use_effect_with(wrapped, move |_| sync());
    }
    {
        // A shorter text can pull the scroll position up without a scroll event: re-check when the number of
        // lines changes while scrolled down (the only time a keystroke reads the layout).
        let (sync, wanted) = (sync.clone(), wanted.clone());
        use_effect_with(lines, move |_| {
            if wrapped || wanted.borrow().first > 0 {
                sync();
            }
        });
    }
    let window = if wrapped {
        Window { first: 0, end: lines }
    } else {
        *window
    };
    ScrollSync { window, sync }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_grows_only_when_the_viewport_leaves_it() {
        let current = Window { first: 0, end: 120 };
        assert_eq!(window_for(current, (10, 50)), None);
        assert_eq!(window_for(current, (100, 140)), Some(Window { first: 20, end: 220 }));
        assert_eq!(window_for(current, (5, 130)), Some(Window { first: 0, end: 380 }));
    }
}
