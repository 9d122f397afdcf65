// CalAdmin's own script, for pages rendered without a circuit (static SSR, e.g. /bookings). Everything is delegated
// from the document, so it keeps working across Blazor's enhanced navigation, which replaces the page's content.
(() => {
    // The browser's colour scheme, for the server to draw a page in it when the user has not chosen one; while the
    // page follows the browser (<html data-dark-mode="system">, see App.razor), its dark class follows it too.
    const darkClass = 'caladmin-dark';
    const scheme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)');
    const followBrowser = () => {
        const dark = !!scheme && scheme.matches;
        document.cookie = `caladmin-prefers-dark=${dark ? 1 : 0}; path=/; max-age=31536000; samesite=lax`;
        const root = document.documentElement;
        if (root.dataset.darkMode === 'system') root.classList.toggle(darkClass, dark);
    };
    followBrowser();
    scheme?.addEventListener?.('change', followBrowser);

    // A form marked data-autosubmit (with the fields that join it through their form attribute) submits on every
    // change; a search field submits as you type, after a pause.
    let typing;
    document.addEventListener('change', e => {
        const form = e.target.form;
        if (form && form.hasAttribute('data-autosubmit') && e.target.type !== 'search') form.requestSubmit();
    });
    document.addEventListener('input', e => {
        const form = e.target.form;
        if (!form || !form.hasAttribute('data-autosubmit') || e.target.type !== 'search') return;
        clearTimeout(typing);
        typing = setTimeout(() => form.requestSubmit(), 400);
    });
    document.addEventListener('submit', () => clearTimeout(typing), true);

    // Such a form leaves empty fields, and fields at their default (data-default), out of the URL it makes.
    document.addEventListener('formdata', e => {
        const form = e.target;
        if (!form.hasAttribute('data-autosubmit')) return;
        for (const field of form.elements) {
            if (!field.name) continue;
            if (field.value === '' || (field.dataset.default !== undefined && field.value === field.dataset.default)) e.formData.delete(field.name);
        }
    }, true);

    // A field's suggestions kept out of the page (<datalist data-src>, see StaticTimeZoneField): filled from their
    // address the first time the field takes focus. The list is data-permanent, so enhanced navigation keeps it filled.
    document.addEventListener('focusin', async e => {
        const list = e.target.list;
        if (!list || !list.dataset.src || list.childElementCount > 0 || list.dataset.loading) return;
        list.dataset.loading = 'true';
        try {
            const response = await fetch(list.dataset.src, { headers: { accept: 'application/json' } });
            if (!response.ok) return;
            const ids = await response.json();
            if (list.childElementCount === 0) list.append(...ids.map(id => new Option('', id)));
        } finally {
            delete list.dataset.loading;
        }
    });

    // A click anywhere on a table row marked row-link follows the row's link (a.row-link-target).
    document.addEventListener('click', e => {
        const row = e.target.closest('tr.row-link');
        if (!row || e.target.closest('a, button, input, select, summary') || window.getSelection().toString()) return;
        row.querySelector('a.row-link-target')?.click();
    });

    // The navigation drawer of a static page: the menu button opens and closes it, as MudDrawer does, by its classes.
    // It is drawn open; on a narrow screen MudBlazor's styles keep an initial drawer hidden, so there it starts closed,
    // lies over the page when opened, and closes again on a click outside it.
    const drawerParts = () => {
        const layout = document.querySelector('.static-layout');
        return layout ? [layout, layout.querySelector('.mud-drawer')] : [];
    };
    const narrow = () => !window.matchMedia('(min-width: 960px)').matches;
    const isOpen = drawer => drawer.classList.contains('mud-drawer--open') && !(narrow() && drawer.classList.contains('mud-drawer--initial'));
    const setDrawer = (layout, drawer, open) => {
        drawer.classList.remove('mud-drawer--initial');
        drawer.classList.toggle('mud-drawer--open', open);
        drawer.classList.toggle('mud-drawer--closed', !open);
        layout.classList.toggle('mud-drawer-open-responsive-md-left', open);
        layout.classList.toggle('mud-drawer-close-responsive-md-left', !open);
    };
    document.addEventListener('click', e => {
        const [layout, drawer] = drawerParts();
        if (!drawer) return;
        if (e.target.closest('[data-drawer-toggle]')) setDrawer(layout, drawer, !isOpen(drawer));
        else if (narrow() && isOpen(drawer) && (!e.target.closest('.mud-drawer') || e.target.closest('a'))) setDrawer(layout, drawer, false);
    });

    // A button marked data-print prints the page (the day sheet); the page's print styles decide what is printed.
    document.addEventListener('click', e => {
        if (e.target.closest('[data-print]')) window.print();
    });

    // The skip link (a button: see MainLayout) moves focus to the page's <main>.
    document.addEventListener('click', e => {
        if (!e.target.closest('[data-skip-link]')) return;
        const main = document.getElementById('main-content');
        if (!main) return;
        e.preventDefault();
        main.focus();
    });

    // Brings a node of the page to the state of a freshly drawn copy, changing only what differs, so that focus, scroll
    // and what the user selected stay: a node of the same kind and name keeps its place and takes the copy's attributes,
    // text and children; any other node is replaced. Children are matched in order, except a list's rows (tr.row-link),
    // which are matched by their link: a booking that comes first moves the others down rather than redrawing every row.
    // Returns the node now in the page.
    const rowKey = node => node.nodeType === Node.ELEMENT_NODE && node.matches('tr.row-link')
        ? node.querySelector('a.row-link-target')?.getAttribute('href') ?? null : null;
    const morph = (from, to) => {
        if (from.nodeType !== to.nodeType || from.nodeName !== to.nodeName) {
            from.replaceWith(to);
            return to;
        }
        if (from.nodeType !== Node.ELEMENT_NODE) {
            if (from.nodeValue !== to.nodeValue) from.nodeValue = to.nodeValue;
            return from;
        }
        if (from.isEqualNode(to)) return from;
        takeAttributes(from, to);
        if (to.firstElementChild && rowKey(to.firstElementChild) !== null) morphRows(from, to);
        else morphChildren(from, to);
        return from;
    };
    const takeAttributes = (from, to) => {
        for (const name of from.getAttributeNames()) if (!to.hasAttribute(name)) from.removeAttribute(name);
        for (const name of to.getAttributeNames()) {
            const value = to.getAttribute(name);
            if (from.getAttribute(name) !== value) from.setAttribute(name, value);
        }
    };
    const morphChildren = (from, to) => {
        let current = from.firstChild;
        for (const next of [...to.childNodes]) {
            if (current) current = morph(current, next).nextSibling;
            else from.appendChild(next);
        }
        while (current) {
            const after = current.nextSibling;
            current.remove();
            current = after;
        }
    };
    const morphRows = (from, to) => {
        // Rows that are gone go first, so that the rows after them need not move (a moved node loses focus).
        const wanted = new Set([...to.childNodes].map(rowKey).filter(key => key !== null));
        const rows = new Map();
        for (const node of [...from.childNodes]) {
            const key = rowKey(node);
            if (key !== null && wanted.has(key) && !rows.has(key)) rows.set(key, node);
            else node.remove();
        }
        let current = from.firstChild;
        for (const next of [...to.childNodes]) {
            const key = rowKey(next);
            const row = key === null ? undefined : rows.get(key);
            if (row === undefined) {
                from.insertBefore(next, current);
                continue;
            }
            rows.delete(key);
            if (row === current) current = current.nextSibling;
            else from.insertBefore(row, current);
            morph(row, next);
        }
        for (const row of rows.values()) row.remove();
    };

    // After an interactive page shows another booking in place (a reschedule opens the new one), the router's
    // FocusOnNavigate does not run (same page type): the page asks for its heading to take focus, as a navigation would.
    window.calAdmin = {
        // Dark mode in a circuit (DarkModeToggle): the class on <html> that switches the theme's palette (ThemeStyles).
        isDarkMode: () => document.documentElement.classList.contains(darkClass),
        setDarkMode(dark) {
            const root = document.documentElement;
            delete root.dataset.darkMode;
            root.classList.toggle(darkClass, dark);
        },
        focusHeading() {
            const heading = document.querySelector('main h1');
            if (!heading) return;
            if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
            heading.focus();
        },
        // The bookings list's live island (BookingsLiveReload) hands over its grid drawn afresh (BookingsGrid) for the
        // view it was told of, the whole grid (rows null) or in parts: the grid's frame (null: as on the page) and its
        // rows in order, each [key, markup], or [key, null, its own tag] for a row the page shows as it is (the tag's
        // attributes depend on the row's place: stripes). The page's grid takes
        // it only while it still shows that view, not after a navigation to another. Returns whether it did (false too
        // when the page lacks a row it was sent no markup for: the island then sends the whole grid).
        patchBookings(view, frame, rows) {
            const grid = document.querySelector('[data-testid=bookings-view]');
            if (!grid || grid.dataset.view !== view) return false;
            const shown = new Map();
            grid.querySelectorAll('tbody > tr.row-link').forEach(row => shown.set(rowKey(row), row));
            if (rows && rows.some(([key, markup]) => markup === null && !shown.has(key))) return false;
            let next = grid.cloneNode(true);
            if (frame !== null) {
                const drawn = document.createElement('template');
                drawn.innerHTML = frame;
                next = drawn.content.querySelector('[data-testid=bookings-view]');
                if (!next) return false;
            }
            if (rows) {
                const body = next.querySelector('tbody');
                if (!body) return false;
                body.querySelectorAll(':scope > tr.row-link').forEach(row => row.remove());
                const drawn = document.createElement('template');
                drawn.innerHTML = rows.map(([, markup, tag]) => markup ?? tag + '</tr>').join('');
                const parsed = [...drawn.content.children];
                body.prepend(...rows.map(([key, markup], i) => {
                    if (markup !== null) return parsed[i];
                    const row = shown.get(key).cloneNode(true);
                    takeAttributes(row, parsed[i]);
                    return row;
                }));
            }
            const focused = document.activeElement;
            morph(grid, next);
            // A row that moved (its booking's time changed) was taken out and put back, which drops focus: give it back.
            if (focused !== document.activeElement && focused?.isConnected && grid.contains(focused)) focused.focus({ preventScroll: true });
            return true;
        },
        // The user menu of a page in a circuit while it is open, or null (see the user menu below).
        closeOnEscape(menu) {
            openMenu = menu;
        },
        // The calendar's hours box opens on the business hours. CSS scroll-initial-target does it for the page as
        // loaded; when the circuit draws the box again (or a new view draws a new one) it starts at midnight, so once
        // per box the page asks for the same position. A box the user scrolled keeps its place (it is marked).
        scrollToOpenHours() {
            document.querySelectorAll('[data-testid=hours-scroll]:not([data-opened])').forEach(box => {
                const open = box.querySelector('[data-testid=business-hours]');
                if (open && box.scrollTop === 0) box.scrollTop = open.offsetTop;
                box.dataset.opened = '';
            });
        },
    };

    // The user menu (UserMenu). In a circuit it is a MudMenu, which hears Escape only in its list: while it is open it
    // hands the page its reference (calAdmin.closeOnEscape), and the page's next Escape closes it wherever focus is.
    // On a static page its button opens and closes the list, a click elsewhere or Escape closes it, and, as MudMenu
    // does, an opened list takes focus on its first entry.
    let openMenu = null;
    const setMenu = (menu, open) => {
        const wasOpen = menu.classList.contains('user-menu--open');
        menu.classList.toggle('user-menu--open', open);
        menu.querySelector('[data-user-menu-toggle]')?.setAttribute('aria-expanded', open ? 'true' : 'false');
        if (open && !wasOpen) menu.querySelector('.user-menu-list a, .user-menu-list button')?.focus();
    };
    document.addEventListener('click', e => {
        const toggle = e.target.closest('[data-user-menu-toggle]');
        document.querySelectorAll('[data-user-menu]').forEach(menu => {
            if (toggle && menu.contains(toggle)) setMenu(menu, !menu.classList.contains('user-menu--open'));
            else if (!menu.contains(e.target)) setMenu(menu, false);
        });
    });
    document.addEventListener('keydown', e => {
        if (e.key !== 'Escape') return;
        openMenu?.invokeMethodAsync('CloseOnEscapeAsync');
        openMenu = null;
        document.querySelectorAll('[data-user-menu].user-menu--open').forEach(menu => {
            setMenu(menu, false);
            if (menu.contains(document.activeElement)) menu.querySelector('[data-user-menu-toggle]')?.focus();
        });
    }, true);
})();
