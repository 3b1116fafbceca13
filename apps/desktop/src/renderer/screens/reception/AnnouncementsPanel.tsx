import { Badge, Body1, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { Megaphone20Regular } from '@fluentui/react-icons';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';

const useStyles = makeStyles({
  feed: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '10px' },
  item: { display: 'flex', flexDirection: 'column', rowGap: '2px', paddingBottom: '10px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, ':last-child': { borderBottom: 'none', paddingBottom: 0 } },
  meta: { display: 'flex', alignItems: 'center', columnGap: '8px', color: tokens.colorNeutralForeground3 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** What administrators announced to every desk, newest first. */
export function AnnouncementsPanel() {
  const styles = useStyles();
  const { announcements } = useWorkstation();
  return (
    <Panel title="Announcements" icon={<Megaphone20Regular />}>
      {announcements.length === 0 ? (
        <Body1 className={styles.muted}>No announcements since you signed in.</Body1>
      ) : (
        <ul className={styles.feed} aria-label="Announcements">
          {announcements.slice(0, 5).map((announcement) => (
            <li key={announcement.seq} className={styles.item}>
              <Body1>{announcement.message}</Body1>
              <span className={styles.meta}>
                {announcement.severity === 'warning' ? <Badge color="warning" size="small">Warning</Badge> : null}
                <Caption1>
                  {announcement.from} · {shortTime(announcement.at)}
                </Caption1>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
